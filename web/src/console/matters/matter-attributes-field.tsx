// A matter's attributes in the matter form: the extra questions a report under it answers (Open311's
// service definition), added, edited, moved up or down and removed in a draft. The two list datatypes
// get their values (key and name) below; the server checks what a form cannot (unique codes and keys).
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type AttributeDatatype, attributeDatatypes, isListDatatype } from '../../api/types';

export const ATTRIBUTE_CODE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

function AttributeValues({ attribute }: { attribute: number }) {
  const { t } = useTranslation();
  return (
    <Form.List name={[attribute, 'values']}>
      {(rows, { add, remove }) => (
        <div className="matter-attribute-values">
          <Typography.Text type="secondary">{t('matters.attributes.values')}</Typography.Text>
          {rows.map((row) => (
            <Space key={row.key} align="baseline" wrap>
              <Form.Item name={[row.name, 'key']} rules={[{ required: true, whitespace: true, message: t('matters.required') }]}>
                <Input placeholder={t('matters.attributes.key')} maxLength={40} data-testid="attribute-value-key" />
              </Form.Item>
              <Form.Item name={[row.name, 'name']} rules={[{ required: true, whitespace: true, message: t('matters.required') }]}>
                <Input placeholder={t('matters.attributes.valueName')} maxLength={100} data-testid="attribute-value-name" />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} aria-label={t('matters.attributes.removeValue')} onClick={() => remove(row.name)} />
            </Space>
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', name: '' })} data-testid="attribute-add-value">
            {t('matters.attributes.addValue')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

export function MatterAttributesField() {
  const { t } = useTranslation();
  const required = { required: true, whitespace: true, message: t('matters.required') };
  return (
    <Form.List name="attributes">
      {(rows, { add, remove, move }) => (
        <div className="matter-attributes" data-testid="matter-attributes">
          <Typography.Paragraph type="secondary">{t('matters.attributes.help')}</Typography.Paragraph>
          {rows.map((row, index) => (
            <Card
              key={row.key}
              size="small"
              className="matter-attribute"
              data-testid="matter-attribute"
              title={t('matters.attributes.n', { n: index + 1 })}
              extra={
                <Space size={0}>
                  <Button
                    type="text"
                    icon={<ArrowUpOutlined />}
                    disabled={index === 0}
                    aria-label={t('matters.attributes.up')}
                    onClick={() => move(index, index - 1)}
                  />
                  <Button
                    type="text"
                    icon={<ArrowDownOutlined />}
                    disabled={index === rows.length - 1}
                    aria-label={t('matters.attributes.down')}
                    onClick={() => move(index, index + 1)}
                  />
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('matters.attributes.remove')} onClick={() => remove(row.name)} />
                </Space>
              }
            >
              <Space align="start" wrap>
                <Form.Item
                  name={[row.name, 'code']}
                  label={t('matters.attributes.code')}
                  rules={[required, { pattern: ATTRIBUTE_CODE, message: t('matters.attributes.codeHelp') }]}
                >
                  <Input maxLength={40} style={{ width: 160 }} data-testid="attribute-code" />
                </Form.Item>
                <Form.Item name={[row.name, 'datatype']} label={t('matters.attributes.datatype')} rules={[{ required: true, message: t('matters.required') }]}>
                  <Select
                    style={{ width: 180 }}
                    virtual={false}
                    data-testid="attribute-datatype"
                    options={attributeDatatypes.map((d) => ({ value: d, label: t(`matters.attributes.datatypes.${d}`) }))}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'required']} label=" " valuePropName="checked">
                  <Checkbox data-testid="attribute-required">{t('matters.attributes.required')}</Checkbox>
                </Form.Item>
              </Space>
              <Form.Item name={[row.name, 'description']} label={t('matters.attributes.description')} rules={[required]}>
                <Input maxLength={200} data-testid="attribute-description" />
              </Form.Item>
              <Form.Item name={[row.name, 'datatypeDescription']} label={t('matters.attributes.datatypeDescription')}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.attributes?.[row.name]?.datatype !== b.attributes?.[row.name]?.datatype}>
                {({ getFieldValue }) =>
                  isListDatatype(getFieldValue(['attributes', row.name, 'datatype']) as AttributeDatatype) ? <AttributeValues attribute={row.name} /> : null
                }
              </Form.Item>
            </Card>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => add({ code: '', datatype: 'singlevaluelist', required: false, description: '', values: [{ key: '', name: '' }] })}
            data-testid="matter-add-attribute"
          >
            {t('matters.attributes.add')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
