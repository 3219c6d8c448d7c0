/** iRev records to gateway models: pure functions, the only place that reads iRev field names. */
import type { AdvertiserModel, ClickModel } from '../../models/index.js';
import { partialAdvertiser, partialAffiliate, partialOffer } from '../../models/partial.js';
import { countryCode, flag, integer, ip, subIds, text, time, unbracketed } from '../normalize.js';
import type { IrevClick } from './types.js';

/** An iRev click; `timeZone` is the zone its `created_at` is written in. */
export function mapClick(click: IrevClick, timeZone: string): ClickModel {
  const nativeId = String(click.id);
  const advertiser = click.advertiser_id == null ? null : advertiserOf(click);
  return {
    type: 'Click',
    vendor: 'IREV',
    key: [nativeId],
    nativeId,
    time: time(click.created_at, timeZone),
    ip: ip(click.ip),
    country: countryCode(click.country_code),
    countryName: null,
    regionName: null,
    regionCode: text(click.region_code),
    city: null,
    postalCode: null,
    userAgent: text(click.user_agent),
    browser: text(click.browser),
    browserVersion: null,
    // The model's os is the operating system (Everflow's platform_name, Integr8's os_name),
    // paired with osVersion: iRev's is device_os. iRev's own `platform` is undocumented; it stays in raw.
    os: text(click.device_os),
    osVersion: text(click.device_os_version),
    deviceType: null,
    deviceBrand: text(click.device_brand),
    deviceModel: text(click.device_model),
    isMobile: null,
    carrier: text(click.mobile_carrier),
    isp: null,
    language: null,
    isUnique: flag(click.is_unique),
    // Read field by field: a loop over the field names costs twice as much (a keyed read per name).
    subIds: subIds([
      click.aff_sub,
      click.aff_sub2,
      click.aff_sub3,
      click.aff_sub4,
      click.aff_sub5,
      click.aff_sub6,
      click.aff_sub7,
      click.aff_sub8,
      click.aff_sub9,
      click.aff_sub10,
      click.aff_sub11,
      click.aff_sub12,
      click.aff_sub13,
      click.aff_sub14,
      click.aff_sub15,
      click.aff_sub16,
      click.aff_sub17,
      click.aff_sub18,
      click.aff_sub19,
      click.aff_sub20,
    ]),
    revenue: null,
    payout: null,
    currency: null,
    status: null,
    referer: null,
    offerRef:
      click.offer_id == null
        ? null
        : {
            model: partialOffer('IREV', String(click.offer_id), {
              name: text(click.offer_name),
              advertiserRef: advertiser && { model: advertiser },
              raw: { offer_id: click.offer_id, offer_name: click.offer_name, offer_url_id: click.offer_url_id },
            }),
          },
    affiliateRef:
      click.affiliate_id == null
        ? null
        : {
            model: partialAffiliate('IREV', String(click.affiliate_id), {
              name: text(click.affiliate_name),
              raw: { affiliate_id: click.affiliate_id, affiliate_name: click.affiliate_name, aff_group_id: click.aff_group_id },
            }),
          },
    publisherRef: null,
    advertiserRef: advertiser && { model: advertiser },
    everflow: null,
    irev: {
      hash: text(click.hash),
      groupHash: text(click.group_hash),
      saleStatus: text(click.sale_status),
      hasConversions: flag(click.has_conversions),
      requestedLink: unbracketed(click.requested_link),
      redirectedLink: unbracketed(click.redirected_link),
      brandId: integer(click.brand_id),
      affiliateGroupId: integer(click.aff_group_id),
      offerUrlId: integer(click.offer_url_id),
      externalId: text(click.external_id),
      advertiserExternalId: text(click.advertiser_external_id),
      affiliateSource: text(click.affiliate_source),
      advertiserSubIds: subIds([click.adv_sub, click.adv_sub2, click.adv_sub3, click.adv_sub4, click.adv_sub5]),
    },
    integr8: null,
    raw: click,
  };
}

function advertiserOf(click: IrevClick): AdvertiserModel {
  return partialAdvertiser('IREV', String(click.advertiser_id), {
    name: text(click.advertiser_name),
    raw: { advertiser_id: click.advertiser_id, advertiser_name: click.advertiser_name },
  });
}
